import { request, type Agent, type ClientRequest, type IncomingMessage } from 'node:http';

export interface LocalRequest {
  /** a keep-alive agent of the caller's, sized for how many calls it has open at once */
  agent: Agent;
  port: number;
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** sent as JSON, with its length */
  body?: string;
}

/**
 * A call to a server on this machine (the benchmarks' and the chaos run's) over node:http rather
 * than fetch: lean, as the load generator shares the machine's cores with the server. The caller
 * adds its error handling, ends the request with `body`, and reads the answer in `onResponse`:
 * the benchmark only counts statuses and sends again on a stale kept-alive socket, the chaos run
 * keeps the body and takes a cut connection as an answer.
 */
export function localRequest(
  { agent, port, method, path, headers = {}, body }: LocalRequest,
  onResponse: (res: IncomingMessage) => void,
): ClientRequest {
  return request(
    {
      host: '127.0.0.1',
      port,
      method,
      path,
      agent,
      headers: body
        ? {
            ...headers,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          }
        : headers,
    },
    onResponse,
  );
}
