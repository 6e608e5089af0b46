// Workers-only modules, as much of them as this code uses (tsconfig loads Node's types, not the Workers' globals).
declare module 'cloudflare:sockets' {
  export function connect(
    address: { hostname: string; port: number },
    options?: { secureTransport?: 'off' | 'on' | 'starttls' },
  ): import('@cloudflare/workers-types').Socket;
}
