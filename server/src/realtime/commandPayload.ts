import type { ProtocolError } from '@sessionboard/shared';
import { ERROR_CODES, MAX_COMMAND_BYTES } from '@sessionboard/shared';
import type { z } from 'zod';

/**
 * A command payload from the wire, size-checked then parsed with its schema: the data, or the refusal
 * to acknowledge (`too_large`, `invalid` naming the field). Shared by `session:command` and
 * `workshop:command`, so both refuse bad input the same way.
 */
export function readCommand<S extends z.ZodType>(schema: S, payload: unknown, what: string): { data: z.infer<S> } | { error: ProtocolError } {
  let size: number;
  try {
    size = JSON.stringify(payload ?? null).length;
  } catch {
    size = Infinity;
  }
  if (size > MAX_COMMAND_BYTES) return { error: { code: ERROR_CODES.tooLarge, message: `Commands are limited to ${MAX_COMMAND_BYTES} bytes.` } };
  const parsed = schema.safeParse(payload);
  if (parsed.success) return { data: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
  return { error: { code: ERROR_CODES.invalid, message: `Not a valid ${what}${where}: ${issue?.message ?? 'bad shape'}.` } };
}
