/** `yo go-container`: a new Go service, its module and everything to build, test and ship it as an image. */
import { GoContainerGenerator } from '../lib/go-container-generator.js';
import { type TemplateFile } from '../lib/files.js';

export default class AppGenerator extends GoContainerGenerator {
  protected readonly scopes: readonly TemplateFile['scope'][] = ['service', 'container'];
}
