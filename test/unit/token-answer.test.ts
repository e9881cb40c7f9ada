import { expect } from '@open-wc/testing';
import { FinesseError } from '../../src/core/kernel/errors.ts';
import { parseTokenAnswer, saysInvalidToken } from '../../src/core/ids/token-answer.ts';

const SECRET = 'at-very-secret-value';
const valid = {
  token: SECRET,
  refresh_token: 'rt-very-secret-value',
  expires_in: 300,
  user_id: 'Agent1',
  realm: 'lab.example.com',
  user_principal: 'agent1@lab.example.com',
};

function expectInvalid(text: string) {
  let caught: unknown;
  try {
    parseTokenAnswer(text);
  } catch (error) {
    caught = error;
  }
  expect(caught).to.be.instanceOf(FinesseError);
  expect((caught as FinesseError).code).to.equal('token-answer-invalid');
  expect((caught as FinesseError).message).not.to.include(SECRET);
  return caught as FinesseError;
}

describe('parseTokenAnswer', () => {
  it('reads Cisco field names into a TokenAnswer', () => {
    const answer = parseTokenAnswer(JSON.stringify(valid));
    expect(answer).to.deep.equal({
      token: SECRET,
      refreshToken: 'rt-very-secret-value',
      expiresIn: 300,
      userId: 'Agent1',
      realm: 'lab.example.com',
      userPrincipal: 'agent1@lab.example.com',
    });
  });

  it('accepts an answer without refresh_token (not requested) and a numeric string expires_in', () => {
    const { refresh_token: _r, ...rest } = valid;
    const answer = parseTokenAnswer(JSON.stringify({ ...rest, expires_in: '300' }));
    expect(answer.refreshToken).to.equal(undefined);
    expect(answer.expiresIn).to.equal(300);
  });

  it('refuses an HTML login page', () => {
    const error = expectInvalid('<!doctype html><html><form>Sign in</form></html>');
    expect(error.message).to.include('HTML');
  });

  it('refuses text that is not JSON, and JSON that is not an object', () => {
    expectInvalid('Service Unavailable');
    expectInvalid('');
    expectInvalid('null');
    expectInvalid('[1,2]');
    expectInvalid('"token"');
  });

  it('refuses a missing, empty or non-string token without echoing values', () => {
    expectInvalid(JSON.stringify({ ...valid, token: undefined }));
    expectInvalid(JSON.stringify({ ...valid, token: '' }));
    expectInvalid(JSON.stringify({ ...valid, token: 42 }));
    const error = expectInvalid(JSON.stringify({ ...valid, refresh_token: { x: SECRET } }));
    expect(error.message).to.include('refresh_token');
  });

  it('refuses negative, zero, absurd or non-numeric expires_in', () => {
    for (const expiresIn of [-5, 0, 10_000_000, 'soon', null, Number.NaN]) {
      expectInvalid(JSON.stringify({ ...valid, expires_in: expiresIn }));
    }
  });

  it('refuses an answer without user_id', () => {
    expectInvalid(JSON.stringify({ ...valid, user_id: '' }));
  });
});

describe('saysInvalidToken', () => {
  it('recognises the IdS refusal and the Finesse wrapper', () => {
    expect(
      saysInvalidToken('{"error":"Invalid Token","error_description":"Invalid Token"}'),
    ).to.equal(true);
    expect(
      saysInvalidToken(
        '{"errorType":"Invalid Token","errorData":"","errorMessage":"Invalid Token"}',
      ),
    ).to.equal(true);
    expect(saysInvalidToken('<html>Internal error</html>')).to.equal(false);
    expect(saysInvalidToken('{"error":"server_busy"}')).to.equal(false);
  });
});
