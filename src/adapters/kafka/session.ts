/** kafkajs session settings for a session timeout: heartbeats every third of it (at most every 3 s, Kafka's default). */
export function sessionSettings(sessionTimeoutMs = 30_000): { sessionTimeout: number; heartbeatInterval: number } {
  return { sessionTimeout: sessionTimeoutMs, heartbeatInterval: Math.min(3_000, Math.floor(sessionTimeoutMs / 3)) };
}
