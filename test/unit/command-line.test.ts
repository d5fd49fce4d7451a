import assert from 'node:assert/strict';
import { binInvocation, unknownFlags, unknownOptionMessage, yoArguments } from '../../generators/lib/command-line.js';
import { wrap } from '../../generators/lib/help.js';

describe('the command line around the options table', () => {
  it('names the closest known flag for a typo, and none for a word unlike any', () => {
    assert.equal(unknownOptionMessage('--prot'), "unknown option '--prot' (did you mean --port?)");
    assert.equal(unknownOptionMessage('--nmae=x'), "unknown option '--nmae' (did you mean --name?)");
    assert.equal(unknownOptionMessage('--go-verison'), "unknown option '--go-verison' (did you mean --go-version?)");
    assert.equal(unknownOptionMessage('--kubernetes'), "unknown option '--kubernetes'");
  });

  it('finds the unknown flags among arguments, accepting ours, their --no- forms and the run options', () => {
    assert.deepEqual(
      unknownFlags(['--port', '9000', '--no-cgo', '--defaults', '--force', '--skip-install', '--prot', '9000', '-x']),
      ['--prot', '-x'],
    );
    assert.deepEqual(unknownFlags(['--name=api', '--ask-answered', '--dry-run', '-h']), []);
    assert.deepEqual(unknownFlags(['--no-port']), ['--no-port']);
  });

  it("reads the generator's arguments from yo's command line, and nothing from another program's", () => {
    const yo = ['/usr/bin/node', '/usr/lib/node_modules/yo/lib/cli.js', 'go-container', '--prot', '9000'];
    assert.deepEqual(yoArguments(yo, 'go-container:app'), ['--prot', '9000']);
    const docker = ['/usr/bin/node', '/usr/local/bin/yo', 'go-container:docker', '--defaults'];
    assert.deepEqual(yoArguments(docker, 'go-container:docker'), ['--defaults']);
    const full = ['/usr/bin/node', '/usr/local/bin/yo', 'generator-go-container', '--defaults'];
    assert.deepEqual(yoArguments(full, 'go-container:app'), ['--defaults']);
    assert.equal(
      yoArguments(['/usr/bin/node', '/x/node_modules/.bin/mocha', 'go-container', '--prot'], 'go-container:app'),
      undefined,
    );
  });

  it('reads nothing when yo named another generator that runs this one (yo go-container:update --dry-run --from x)', () => {
    const update = ['/usr/bin/node', '/usr/local/bin/yo', 'go-container:update', '--dry-run', '--from', 'x.tgz'];
    assert.equal(yoArguments(update, 'go-container:app'), undefined);
    assert.deepEqual(yoArguments(update, 'go-container:update'), ['--dry-run', '--from', 'x.tgz']);
  });

  it('prints the command the way the bin was started: directly, by npx from a project, or fetched by npx', () => {
    assert.equal(binInvocation('/usr/local/bin/go-container', {}), 'go-container');
    assert.equal(
      binInvocation('/home/me/.npm/_npx/ba145cf410b12fe2/node_modules/.bin/go-container', { npm_command: 'exec' }),
      'npx -p generator-go-container go-container',
    );
    assert.equal(
      binInvocation('/work/app/node_modules/.bin/go-container', { npm_command: 'exec' }),
      'npx go-container',
    );
    // A checkout's bin run by a test under `npx mocha` is not `npx go-container`.
    assert.equal(binInvocation('/work/repo/dist/generators/cli.js', { npm_command: 'exec' }), 'go-container');
  });

  it('wraps help text to the width, with a hanging indent', () => {
    const lines = wrap('word '.repeat(40), 30, 4, 2);
    assert.ok(lines.every((line) => line.length <= 30));
    assert.ok(lines[0]?.startsWith('  word') && lines[1]?.startsWith('    word'));
  });
});
