/** 1 when the answer contains the expected magic number, else 0. */
export function scoreSniah(answer: string, key: string): number {
  return answer.includes(key.trim()) ? 1 : 0;
}
