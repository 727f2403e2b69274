/**
 * One JSON line per request and per sign-in event, on stdout. Never a code, token, link, cookie,
 * query string or full address: addresses appear masked.
 */
export type Logger = (entry: Record<string, unknown>) => void;

export function jsonLogger(write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
  return (entry) => write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
}

export const silentLogger: Logger = () => undefined;
