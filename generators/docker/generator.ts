/**
 * `yo go-container:docker`: adds containers to an existing Go module. It reads the module (detect/) for its
 * defaults and writes only the container files: Dockerfile, .dockerignore, the Makefile (or docker.mk next to the
 * module's own) and the CI workflow (or container.yml next to the module's own). It never writes Go code or go.mod.
 */
import { GoContainerGenerator } from '../lib/go-container-generator.js';
import { type TemplateFile } from '../lib/files.js';

export default class DockerGenerator extends GoContainerGenerator {
  protected readonly scopes: readonly TemplateFile['scope'][] = ['container'];
}
