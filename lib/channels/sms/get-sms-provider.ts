import { getEnv } from "@/lib/env";

import { createSimulatedPhone } from "./simulated-phone";
import type { SmsProvider } from "./sms-provider";
import { createTwilioProvider } from "./twilio-provider";

let cached: SmsProvider | undefined;

/** Twilio when its three settings are set, otherwise the simulated phone. */
export function getSmsProvider(): SmsProvider {
  if (cached) return cached;
  const env = getEnv();
  cached =
    env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && env.TWILIO_FROM
      ? createTwilioProvider({
          accountSid: env.TWILIO_ACCOUNT_SID,
          authToken: env.TWILIO_AUTH_TOKEN,
          from: env.TWILIO_FROM,
          apiUrl: env.TWILIO_API_URL,
        })
      : createSimulatedPhone();
  return cached;
}
