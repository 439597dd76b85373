/** Whether a signal was aborted by a deadline (`AbortSignal.timeout`, `--timeout`), not by the user. */
export function isTimeoutAbort(signal: AbortSignal): boolean {
  return signal.aborted && signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError';
}
