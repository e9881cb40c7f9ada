import { expect } from '@open-wc/testing';
import { FinesseError, isFinesseError } from '../../src/core/kernel/errors.ts';

describe('FinesseError', () => {
  it('carries a stable code and a name', () => {
    const error = new FinesseError('popup-blocked', 'The browser blocked the sign-in window.');
    expect(error).to.be.instanceOf(Error);
    expect(error.name).to.equal('FinesseError');
    expect(error.code).to.equal('popup-blocked');
    expect(isFinesseError(error, 'popup-blocked')).to.equal(true);
    expect(isFinesseError(error, 'network')).to.equal(false);
    expect(isFinesseError(new Error('x'))).to.equal(false);
  });
});
