import { z } from "zod";

/** Ids travel as strings; numbers are accepted and normalised so `{"message_id": 42}` works too. */
export const idSchema = z
  .union([z.string(), z.number().int()])
  .transform((v) => String(v))
  .pipe(z.string().min(1).max(128));

export const timestampSchema = z.string();

/** Every join payload may carry a token that overrides the socket's (document: "In channel params"). */
export const joinTokenSchema = z.object({ token: z.string().optional() });

/** Events that take no arguments: exactly `{}`, nothing smuggled in beside it. */
export const emptySchema = z.object({}).strict();

/** The inbound and outbound event schemas of one channel. */
export interface ChannelEvents {
  join: z.ZodType;
  in: Record<string, z.ZodType>;
  out: Record<string, z.ZodType>;
}
