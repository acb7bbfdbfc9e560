import { describe, expect, it } from 'vitest';
import { MENTORING_SESSION, PROTOCOL_VERSION, initialSessionState, readServer, settingsFromTemplate } from '@sessionboard/shared';

const state = initialSessionState(settingsFromTemplate(MENTORING_SESSION));

describe('what a board client accepts from the server', () => {
  it('accepts the states this server sends, and fills help and notice for a server that predates them', () => {
    expect(readServer.state(state)).toEqual(state);
    const { help: _h, notice: _n, ...old } = state;
    expect(readServer.state(old)).toEqual({ ...old, help: { requested: false }, notice: null });
    expect(readServer.state({ ...state, extraFromANewerServer: 1 })).toMatchObject({ step: 0 });
  });

  it('refuses malformed states, hellos, votes and errors instead of letting them into the store', () => {
    for (const bad of [null, 'state', { ...state, step: -1 }, { ...state, votes: { a: 'x' } }, { ...state, timer: { status: 'exploded' } }, { ...state, settings: { steps: [] } }]) {
      expect(readServer.state(bad)).toBeNull();
    }
    const hello = { role: 'member', participantId: 'pub', participant: 'secret-123', serverNow: 1, state, mine: { left: 3 }, name: 'Ada', joinCode: 'ABCDEF', protocolVersion: PROTOCOL_VERSION };
    expect(readServer.hello(hello)).toMatchObject({ role: 'member', name: 'Ada' });
    expect(readServer.hello({ ...hello, role: 'admin' })).toBeNull();
    expect(readServer.hello({ ...hello, participant: 'x' })).toBeNull();
    expect(readServer.mine({ c1: 2 })).toBeNull();
    expect(readServer.mine({ c1: 2, left: 1 })).toEqual({ c1: 2, left: 1 });
    expect(readServer.error({ code: 'forbidden', message: 'no' })).toEqual({ code: 'forbidden', message: 'no' });
    expect(readServer.error({ code: 3 })).toBeNull();
    expect(readServer.moved({ board: 'BoardId123', key: 'k', group: 'Blue' })).toEqual({ board: 'BoardId123', key: 'k', group: 'Blue' });
    expect(readServer.moved({ board: '../x', key: 'k', group: 'Blue' })).toBeNull();
  });
});
