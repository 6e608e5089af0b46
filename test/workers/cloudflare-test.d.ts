// What the workerd tests use of @cloudflare/vitest-pool-workers' `cloudflare:test` (its own types
// declare the Workers' globals, which clash with the DOM and Node types the rest of the project uses).
declare module 'cloudflare:test' {
  export const env: Record<string, any>;
  export const SELF: { fetch(input: string | Request, init?: RequestInit): Promise<Response> };
  export function createExecutionContext(): {
    waitUntil(p: Promise<unknown>): void;
    passThroughOnException(): void;
  };
  export function waitOnExecutionContext(ctx: unknown): Promise<void>;
  export function createScheduledController(options?: {
    scheduledTime?: Date | number;
    cron?: string;
  }): { scheduledTime: number; cron: string; noRetry(): void };
}

declare module '*?raw' {
  const text: string;
  export default text;
}
