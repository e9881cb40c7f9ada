// axe-core's browser build sets `window.axe` (it is CommonJS/UMD, so no ES import of its API).
import 'axe-core/axe.min.js';
import type { AxeResults, RunOptions } from 'axe-core';

interface AxeGlobal {
  run(context: Element, options: RunOptions): Promise<AxeResults>;
}

/**
 * Runs axe on an element (shadow roots included) with the WCAG 2.0-2.2 A and AA rules, colour
 * contrast among them, and returns the violations as `rule: target` lines, so a failing test
 * names what broke. `@open-wc/testing`'s `to.be.accessible()` runs axe too but hides which
 * rules ran; this pins them.
 */
export async function axeViolations(element: Element): Promise<string[]> {
  const axe = (window as unknown as { axe: AxeGlobal }).axe;
  const results = await axe.run(element, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    resultTypes: ['violations'],
  });
  return results.violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id}: ${JSON.stringify(node.target)}`),
  );
}

/** WCAG relative luminance of a computed `rgb(...)` colour. */
function luminance(color: string): number {
  const [r, g, b] = (color.match(/\d+(\.\d+)?/g) ?? ['0', '0', '0']).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG contrast ratio between two computed colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}
