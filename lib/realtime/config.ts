/** How the browser reaches realtime (our relay or Pusher); built by server/realtime/config.ts. */
export type ClientRealtimeConfig = {
  key: string;
  cluster: string;
  wsHost?: string;
  wsPort?: number;
  wssPort?: number;
  forceTLS: boolean;
};
