import { registerAs } from '@nestjs/config';
import { currentEnv } from './env.validation';

export const eventsConfig = registerAs('events', () => {
  const env = currentEnv();
  return {
    heartbeatMs: env.EVENTS_HEARTBEAT_MS,
    membershipCheckMs: env.EVENTS_MEMBERSHIP_CHECK_MS,
    pollMs: env.EVENTS_POLL_MS,
    maxBufferBytes: env.EVENTS_MAX_BUFFER_BYTES,
    maxStreams: env.EVENTS_MAX_STREAMS,
    maxStreamsPerUser: env.EVENTS_MAX_STREAMS_PER_USER,
  };
});
