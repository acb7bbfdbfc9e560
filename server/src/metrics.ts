import client from 'prom-client';

/** Prometheus metrics of one app instance (its own registry, so tests can run several apps). */
export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const metrics = {
    registry,
    roomsLive: new client.Gauge({ name: 'sessionboard_rooms_live', help: 'Boards loaded in memory', registers: [registry] }),
    connections: new client.Gauge({
      name: 'sessionboard_connections',
      help: 'Open client connections',
      labelNames: ['transport'] as const,
      registers: [registry],
    }),
    framesIn: new client.Counter({
      name: 'sessionboard_frames_in_total',
      help: 'Yjs frames received',
      labelNames: ['transport'] as const,
      registers: [registry],
    }),
    updatesPersisted: new client.Counter({
      name: 'sessionboard_updates_persisted_total',
      help: 'Document updates written to the store',
      registers: [registry],
    }),
    persistSeconds: new client.Histogram({
      name: 'sessionboard_persist_seconds',
      help: 'Time to write a batch of updates',
      buckets: [0.0001, 0.0005, 0.001, 0.005, 0.02, 0.1],
      registers: [registry],
    }),
    compactSeconds: new client.Histogram({
      name: 'sessionboard_compact_seconds',
      help: 'Time of one compaction (encoding the snapshot, on the event loop or for a large board on a worker, and writing it)',
      buckets: [0.001, 0.005, 0.02, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    snapshotsOffLoop: new client.Counter({
      name: 'sessionboard_snapshots_off_loop_total',
      help: "Compaction snapshots of large boards built on the compactor's worker thread",
      registers: [registry],
    }),
    resyncs: new client.Counter({
      name: 'sessionboard_resyncs_total',
      help: 'Resyncs asked for after updates with missing predecessors',
      registers: [registry],
    }),
    errorsSent: new client.Counter({
      name: 'sessionboard_errors_sent_total',
      help: 'Refusals sent to clients',
      labelNames: ['code'] as const,
      registers: [registry],
    }),
    workshopSummarySeconds: new client.Counter({
      name: 'sessionboard_workshop_summary_seconds_total',
      help: 'CPU time spent deriving workshop states and priorities from the rooms',
      registers: [registry],
    }),
    workshopStatesSent: new client.Counter({
      name: 'sessionboard_workshop_states_sent_total',
      help: 'workshop:state broadcasts',
      registers: [registry],
    }),
    slowReadersDropped: new client.Counter({
      name: 'sessionboard_slow_readers_dropped_total',
      help: 'Clients dropped because too much waited for them to read',
      labelNames: ['transport'] as const,
      registers: [registry],
    }),
    commands: new client.Counter({
      name: 'sessionboard_commands_total',
      help: 'Session commands handled',
      labelNames: ['type', 'result'] as const,
      registers: [registry],
    }),
  };
  return {
    ...metrics,
    // Bound once: labelled inc() hashes its labels on every call, and this one runs per inbound frame.
    framesInBy: {
      'socket.io': metrics.framesIn.labels('socket.io'),
      websocket: metrics.framesIn.labels('websocket'),
    },
  };
}

/** The metrics object. */
export type Metrics = ReturnType<typeof createMetrics>;
