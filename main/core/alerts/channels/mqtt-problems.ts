// What a broker connection's failure means for the owner, in one sentence, and whether waiting can fix it. Pure: the
// channel hands in the error mqtt.js emitted (a CONNACK refusal carries its return or reason code; a socket or TLS
// error its Node code). The broker is named by host and port only, so a password in the URL never shows.

export interface MqttProblem {
  /** fatal: only the owner can fix it (a wrong password, a certificate); retry: the broker may come back. */
  outcome: 'retry' | 'fatal';
  reason: string;
}

/** host:port of a broker URL, without user or password; the URL itself when it does not parse. */
export function brokerLabel(url: string): string {
  try {
    const u = new URL(url);
    const port = u.port || (u.protocol === 'mqtts:' ? '8883' : '1883');
    return `${u.hostname}:${port}`;
  } catch {
    return 'the broker';
  }
}

/** MQTT 3.1.1 CONNACK return codes 4/5 and MQTT 5 reason codes 134/135/138 are refusals of this client. */
const AUTH_CODES: Record<number, string> = {
  4: 'refused the username or password',
  // Mosquitto answers a wrong password with 5 over MQTT 3.1.1 (and 135 over MQTT 5).
  5: 'refused the username or password (not authorised)',
  134: 'refused the username or password',
  135: 'refused the username or password (not authorised)',
  138: 'has banned this client',
};

const CERT_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
]);

export function classifyMqttError(err: { code?: unknown; message?: unknown }, broker: string): MqttProblem {
  const code = err.code;
  if (typeof code === 'number') {
    const refusal = AUTH_CODES[code];
    if (refusal !== undefined) {
      return { outcome: 'fatal', reason: `The MQTT broker at ${broker} ${refusal} (code ${code}): check the username and password of this channel.` };
    }
    return { outcome: 'retry', reason: `The MQTT broker at ${broker} refused the connection for now (code ${code}).` };
  }
  if (typeof code === 'string') {
    if (CERT_CODES.has(code)) {
      return {
        outcome: 'fatal',
        reason: `The MQTT broker at ${broker} has a certificate no known authority signed (${code}): turn on "Accept a self-signed certificate" if it is your own broker.`,
      };
    }
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'CERT_HAS_EXPIRED') {
      return { outcome: 'fatal', reason: `The MQTT broker at ${broker} has a certificate that is not valid for it (${code}): renew it or fix the address.` };
    }
    if (code === 'ECONNREFUSED') return { outcome: 'retry', reason: `Nothing answers at ${broker}: is the MQTT broker running?` };
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { outcome: 'retry', reason: `The broker's name in ${broker} cannot be found (${code}): check the address.` };
    if (code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
      return { outcome: 'retry', reason: `The MQTT broker at ${broker} cannot be reached (${code}).` };
    }
  }
  const message = typeof err.message === 'string' ? err.message.replace(/\/\/[^/@\s]*@/g, '//***@').slice(0, 200) : 'unknown error';
  return { outcome: 'retry', reason: `The connection to the MQTT broker at ${broker} failed: ${message}` };
}
