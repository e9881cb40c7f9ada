import { expect } from '@open-wc/testing';
import { RELAY_STRINGS } from '../../src/relay/strings.ts';

describe('relay frame wording', () => {
  it('every language has every text', () => {
    const keys = Object.keys(RELAY_STRINGS.en).sort();
    for (const strings of Object.values(RELAY_STRINGS)) {
      expect(Object.keys(strings).sort()).to.deep.equal(keys);
      for (const text of Object.values(strings)) expect(text).to.be.a('string').and.not.empty;
    }
  });

  it('json-viewer names the enterprise policy an administrator deploys, in en, ja and ko', () => {
    for (const lang of ['en', 'ja', 'ko'] as const) {
      const text = RELAY_STRINGS[lang].jsonViewer;
      expect(text, lang).to.include('policies.json');
      expect(text, lang).to.include(
        '"devtools.jsonview.enabled": {"Value": false, "Status": "locked"}',
      );
      expect(text, lang).to.not.equal(RELAY_STRINGS[lang].failed);
    }
  });
});
