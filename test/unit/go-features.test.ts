import assert from 'node:assert/strict';
import { goFeatures } from '../../generators/lib/go-features.js';

describe('standard-library features by go line', () => {
  it('uses none of the newer ones at go 1.22, the oldest go line accepted', () => {
    assert.deepEqual(Object.values(goFeatures(22)), [false, false, false, false]);
  });

  it('turns each on at the release that introduced it', () => {
    assert.equal(goFeatures(22).httptestRequestWithContext, false);
    assert.equal(goFeatures(23).httptestRequestWithContext, true);
    assert.equal(goFeatures(23).slogDiscardHandler, false);
    assert.equal(goFeatures(24).slogDiscardHandler, true);
    assert.equal(goFeatures(24).testingContext, true);
    assert.equal(goFeatures(25).errorsAsType, false);
    assert.equal(goFeatures(26).errorsAsType, true);
  });

  it('uses all of them at go 1.26', () => {
    assert.ok(Object.values(goFeatures(26)).every(Boolean));
  });
});
