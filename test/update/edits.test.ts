import assert from 'node:assert/strict';
import { changedLine, insertAt, resolveConflicts, stableAnchor } from './support/edits.js';

const lines = (...all: string[]): string => all.map((line) => `${line}\n`).join('');
const anywhere = (): boolean => true;

describe('the tests’ user edits, placed where both versions render alike', () => {
  it('go between two lines whose neighbourhood neither version changed, and apply to either version alike', () => {
    const base = lines('a', 'b', 'c', 'd', 'e', 'f');
    const theirs = lines('A', 'b', 'c', 'd', 'e', 'f');
    const anchor = stableAnchor(base, theirs, anywhere, 'an edit');
    assert.deepEqual(anchor, { before: 'c', after: 'd' });
    assert.equal(insertAt(theirs, anchor, 'mine\n'), lines('A', 'b', 'c', 'mine', 'd', 'e', 'f'));
  });

  it('are refused, naming the edit, when the template changed every place they could go', () => {
    assert.throws(
      () => stableAnchor(lines('a', 'b', 'c', 'd'), lines('a', 'x', 'c', 'y'), anywhere, 'a LABEL'),
      /no unchanged place for a LABEL/,
    );
  });

  it('find a line the template changed, and refuse a file it did not change', () => {
    assert.equal(changedLine(lines('a', 'b', 'c'), lines('a', 'B', 'c')), 'b');
    assert.throws(() => changedLine(lines('a'), lines('a')), /the template changed no line/);
  });

  it('resolve a conflict by keeping one side', () => {
    const text = lines(
      'x',
      '<<<<<<< yours',
      'mine',
      '||||||| go-container 0.1.0 with your old answers',
      'old',
      '=======',
      'new',
      '>>>>>>> go-container 0.2.0 with your new answers',
      'y',
    );
    assert.equal(resolveConflicts(text, 'yours'), lines('x', 'mine', 'y'));
    assert.equal(resolveConflicts(text, 'base'), lines('x', 'old', 'y'));
    assert.equal(resolveConflicts(text, 'theirs'), lines('x', 'new', 'y'));
  });
});
