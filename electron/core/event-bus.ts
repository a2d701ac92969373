import { events, type EventName, type EventPayload } from '../../shared/ipc';

export type EventListener = (name: EventName, payload: unknown) => void;

/** Fan-out of push events to every attached window or WebSocket; payloads checked on the way out. */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const checked = events[name].parse(payload);
    for (const listener of this.listeners) listener(name, checked);
  }

  attach(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
