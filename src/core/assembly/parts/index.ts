/**
 * Loads the parts a page may not need (providers, relay, gadget, idle watch) when a session
 * needs them. A part that cannot be loaded is a `part-unavailable` FinesseError.
 */
import { FinesseError, isFinesseError } from '../../kernel/errors.ts';
import { importPart } from './imports.ts';

export type CorePartName = keyof typeof importPart;
export type CorePart<K extends CorePartName> = Awaited<ReturnType<(typeof importPart)[K]>>;

/** Loads one part; rejects with `part-unavailable` (and the cause) when its file cannot load. */
export function loadPart<K extends CorePartName>(name: K): Promise<CorePart<K>> {
  return (importPart[name]() as Promise<CorePart<K>>).catch((error: unknown) => {
    throw isFinesseError(error)
      ? error
      : new FinesseError('part-unavailable', `The ${name} part could not be loaded.`, {
          cause: error,
        });
  });
}

export { partUrl, setPartsUrl } from '../../kernel/script-part.ts';
