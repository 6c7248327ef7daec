import { z } from 'zod';

/** Shared value shapes. RPC carries JSON-safe values only: ISO strings for instants, integer cents for money. */
export const id = z.number().int().positive();
export const isoInstant = z.iso.datetime({ offset: false });
export const businessDate = z.iso.date();
export const cents = z.number().int();
export const language = z.enum(['en', 'es']);
export type Language = z.infer<typeof language>;

/**
 * Where the lab is (Jackson, Mississippi). Instants travel as UTC; business dates, due dates and the times people
 * type or read are wall-clock times in this zone, whatever zone the computer showing them is set to.
 */
export const LAB_TIME_ZONE = 'America/Chicago';

export const empty = z.strictObject({});

/** Trimmed non-empty text with a length cap, so an empty or runaway field gets a clear message. */
export const text = (max = 200) =>
  z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);
export const optionalText = (max = 200) => z.string().trim().max(max, `at most ${max} characters`).optional();
