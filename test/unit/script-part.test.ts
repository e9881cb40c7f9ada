import { expect } from '@open-wc/testing';
import { loadScriptPart, setPartsUrl } from '../../src/core/kernel/script-part.ts';
import type { FinesseError } from '../../src/core/kernel/errors.ts';

/**
 * The IIFE build's part loader: a part built on the engine part (it reads the engine's modules
 * as it runs) loads only once the engine has run; the languages do not wait for it. The parts
 * are stand-ins in test/unit/fixtures/ that note the order they ran in.
 */
const run = () => (window as unknown as { __partsRun?: string[] }).__partsRun ?? [];
const fixtures = (folder: string) => new URL(`./fixtures/${folder}/`, import.meta.url).href;

describe('loadScriptPart: the engine first', () => {
  afterEach(() => setPartsUrl(undefined));

  it('does not run a part built on the engine when the engine cannot be loaded', async () => {
    setPartsUrl(fixtures('parts-without-engine'));
    let caught: FinesseError | undefined;
    await loadScriptPart('gadget').catch((error: FinesseError) => (caught = error));
    expect(caught?.code).to.equal('part-unavailable');
    expect(caught?.message).to.contain('finesse-sso-part-engine.js');
    expect(run()).to.deep.equal([]);
    // A language does not build on the engine: it loads without it.
    await loadScriptPart('ja');
    expect(run()).to.deep.equal(['ja']);
  });

  it('runs the engine, then the part, and each once', async () => {
    setPartsUrl(fixtures('parts'));
    const [gadget, again] = await Promise.all([
      loadScriptPart<{ shared: unknown }>('gadget'),
      loadScriptPart<{ shared: unknown }>('gadget'),
    ]);
    expect(gadget.shared).to.deep.equal({});
    expect(again).to.equal(gadget);
    expect(run()).to.deep.equal(['ja', 'engine', 'gadget']);
    const scripts = [...document.head.querySelectorAll('script[src*="finesse-sso-part-"]')];
    expect(
      scripts.map((s) => new URL((s as HTMLScriptElement).src).pathname.split('/').pop()),
    ).to.deep.equal([
      'finesse-sso-part-ja.js',
      'finesse-sso-part-engine.js',
      'finesse-sso-part-gadget.js',
    ]);
  });
});
