/** Reads an SSE response as it comes, and waits for what a test expects to see. */
export class SseReader {
  text = '';
  private reader: ReadableStreamDefaultReader<Uint8Array> | null;
  private decoder = new TextDecoder();
  private done = false;
  constructor(res: Response) {
    this.reader = res.body?.getReader() ?? null; // none: a 204 or a redirect without one
    void this.pump();
  }
  private async pump() {
    try {
      for (;;) {
        if (!this.reader) break;
        const { done, value } = await this.reader.read();
        if (done) break;
        this.text += this.decoder.decode(value, { stream: true });
      }
    } catch {
      /* aborted */
    }
    this.done = true;
  }
  /** The events received so far: {id, event, data}. */
  events() {
    return this.text
      .split('\n\n')
      .filter((block) => /^event:/m.test(block))
      .map((block) => ({
        id: /^id: ?(.*)$/m.exec(block)?.[1] ?? null,
        event: /^event: ?(.*)$/m.exec(block)?.[1] ?? '',
        data: JSON.parse(/^data: ?(.*)$/m.exec(block)?.[1] ?? 'null'),
      }));
  }
  async waitFor(
    pred: (events: ReturnType<SseReader['events']>) => boolean,
    what = 'event',
    timeoutMs = 10_000,
  ) {
    const until = Date.now() + timeoutMs;
    while (!pred(this.events())) {
      if (Date.now() > until)
        throw new Error(`no ${what} within ${timeoutMs} ms; got: ${this.text.slice(-500)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.events();
  }
  get closed() {
    return this.done;
  }
}

/** Opens /events as `client` (a signed-in Client); abort it to close the page. */
export async function openStream(
  client: { request(path: string, init?: RequestInit): Promise<Response> },
  headers: Record<string, string> = {},
) {
  const abort = new AbortController();
  const res = await client.request('/events', {
    headers: { accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  return { res, reader: new SseReader(res), abort };
}
