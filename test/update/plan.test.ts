import assert from 'node:assert/strict';
import {
  hasConflictMarkers,
  mergeLabels,
  mergeText,
  planUpdate,
  type PlannedFile,
} from '../../generators/lib/update/index.js';
import { resolveConflicts } from './support/edits.js';

const LABELS = mergeLabels('0.1.0', '0.2.0');

/** The plan for one file, `undefined` meaning "not there". */
function planOne(base: string | undefined, ours: string | undefined, theirs: string | undefined): PlannedFile {
  const map = (content: string | undefined) => new Map(content === undefined ? [] : [['f', content]]);
  const [planned] = planUpdate({
    base: map(base),
    theirs: map(theirs),
    ours: () => ours,
    labels: LABELS,
  });
  assert.ok(planned, 'no plan for the file');
  return planned;
}

const lines = (...all: string[]): string => all.map((line) => `${line}\n`).join('');

describe('update, file by file', () => {
  const base = lines('FROM a', 'USER 1', 'ENTRYPOINT x', '', 'EXPOSE 80');

  it('replaces a file the user did not change', () => {
    const theirs = lines('FROM b', 'USER 1', 'ENTRYPOINT x', '', 'EXPOSE 80');
    assert.deepEqual(planOne(base, base, theirs), {
      path: 'f',
      action: 'updated',
      ours: base,
      result: theirs,
      conflicts: 0,
    });
  });

  it('keeps a changed file the template did not change, as it is', () => {
    const ours = lines('FROM a', 'USER 2');
    assert.deepEqual(planOne(base, ours, base), { path: 'f', action: 'kept', ours, result: ours, conflicts: 0 });
  });

  it('merges changes in different places: both arrive', () => {
    const ours = lines('FROM a', 'USER 1', 'ENTRYPOINT x', '', 'EXPOSE 80', 'LABEL team=x');
    const theirs = lines('FROM b', 'USER 1', 'ENTRYPOINT x', '', 'EXPOSE 80');
    const planned = planOne(base, ours, theirs);
    assert.equal(planned.action, 'merged');
    assert.equal(planned.result, lines('FROM b', 'USER 1', 'ENTRYPOINT x', '', 'EXPOSE 80', 'LABEL team=x'));
  });

  it('takes a change both made alike once, without a conflict', () => {
    const both = lines('FROM b', 'USER 1', 'ENTRYPOINT x', '', 'EXPOSE 80');
    const ours = `${both}LABEL mine=1\n`;
    const planned = planOne(base, ours, both);
    assert.deepEqual([planned.action, planned.result], ['merged', ours]);
  });

  it('writes both sides of overlapping changes between labelled diff3 markers, and counts them', () => {
    const ours = lines('FROM mine', 'USER 1', 'ENTRYPOINT x', '', 'EXPOSE 81');
    const theirs = lines('FROM b', 'USER 1', 'ENTRYPOINT x', '', 'EXPOSE 8080');
    const planned = planOne(base, ours, theirs);
    assert.equal(planned.action, 'conflict');
    assert.equal(planned.conflicts, 2);
    assert.equal(
      planned.result,
      lines(
        '<<<<<<< yours',
        'FROM mine',
        '||||||| go-container 0.1.0 with your old answers',
        'FROM a',
        '=======',
        'FROM b',
        '>>>>>>> go-container 0.2.0 with your new answers',
        'USER 1',
        'ENTRYPOINT x',
        '',
        '<<<<<<< yours',
        'EXPOSE 81',
        '||||||| go-container 0.1.0 with your old answers',
        'EXPOSE 80',
        '=======',
        'EXPOSE 8080',
        '>>>>>>> go-container 0.2.0 with your new answers',
      ),
    );
    assert.equal(resolveConflicts(planned.result, 'theirs'), theirs);
    assert.equal(resolveConflicts(planned.result, 'yours'), ours);
    assert.ok(hasConflictMarkers(planned.result));
  });

  it('keeps a conflict well-formed where a side has no final line break', () => {
    const merged = mergeText('a\nmine', 'a\nold', 'a\nnew', LABELS);
    assert.equal(merged.conflicts, 1);
    assert.equal(resolveConflicts(merged.text, 'theirs'), 'a\nnew\n');
    assert.ok(merged.text.endsWith('>>>>>>> go-container 0.2.0 with your new answers\n'));
  });

  it('creates a new file, and leaves one the user already has identical', () => {
    assert.deepEqual(planOne(undefined, undefined, 'new\n'), {
      path: 'f',
      action: 'created',
      ours: undefined,
      result: 'new\n',
      conflicts: 0,
    });
    assert.equal(planOne(undefined, 'new\n', 'new\n').action, 'identical');
  });

  it('makes a conflict of a new file where the user has a different one, both whole', () => {
    const planned = planOne(undefined, lines('mine'), lines('theirs'));
    assert.equal(planned.action, 'conflict');
    assert.equal(resolveConflicts(planned.result!, 'yours'), lines('mine'));
    assert.equal(resolveConflicts(planned.result!, 'theirs'), lines('theirs'));
  });

  it('appends to the user’s own file when the new version only adds lines at its end (the include of docker.mk)', () => {
    const planned = planOne(undefined, 'all:\n\tgo build', 'all:\n\tgo build\n\ninclude docker.mk\n');
    assert.deepEqual([planned.action, planned.result], ['appended', 'all:\n\tgo build\n\ninclude docker.mk\n']);
  });

  it('removes a file no longer generated only if the user never changed it', () => {
    assert.deepEqual(planOne(base, base, undefined), {
      path: 'f',
      action: 'removed',
      ours: base,
      result: undefined,
      conflicts: 0,
    });
    const edited = `${base}# mine\n`;
    assert.deepEqual(planOne(base, edited, undefined), {
      path: 'f',
      action: 'kept-unused',
      ours: edited,
      result: edited,
      conflicts: 0,
    });
  });

  it('does not bring back a file the user deleted', () => {
    const planned = planOne(base, undefined, lines('FROM b'));
    assert.deepEqual([planned.action, planned.result], ['deleted-by-you', undefined]);
  });

  it('plans nothing for a file neither version writes and the user does not have', () => {
    assert.deepEqual(
      planUpdate({ base: new Map([['gone', 'x']]), theirs: new Map(), ours: () => undefined, labels: LABELS }),
      [],
    );
  });

  it('recognises its own markers only: a Markdown heading underlined with ======= is no conflict', () => {
    assert.equal(hasConflictMarkers('Title\n=======\n\ntext\n'), false);
    assert.equal(hasConflictMarkers('<<<<<<< HEAD\nx\n=======\ny\n>>>>>>> main\n'), false);
  });
});
