/** Names the step of a check that threw, so a provider error says which rule it broke. */
export async function step<T>(description: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${description}, but it threw: ${reason}`, { cause: error });
  }
}
