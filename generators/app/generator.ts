/**
 * `yo go-container`: a new Go service, its module and everything to build, test and ship it as an image. In a
 * directory that already has a go.mod it does what `yo go-container:docker` does: the module's code is the user's,
 * so only the container files are written, with defaults detected from the module.
 */
import { GoContainerGenerator } from '../lib/go-container-generator.js';
import { type TemplateFile } from '../lib/files.js';

export default class AppGenerator extends GoContainerGenerator {
  protected get scopes(): readonly TemplateFile['scope'][] {
    return this.defaultsContext.detection ? ['container'] : ['service', 'container'];
  }
}
