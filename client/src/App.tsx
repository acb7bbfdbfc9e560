import { Suspense, lazy, useEffect, useState } from 'react';
import { JoinPage } from './views/JoinPage.tsx';
import { StartPage } from './views/StartPage.tsx';
import { NotFoundPage } from './views/NotFoundPage.tsx';

// The board pulls in Yjs, Socket.IO and IndexedDB; the start and join pages, opened on phones over
// venue Wi-Fi, load without them.
const BoardRoute = lazy(() => import('./views/BoardRoute.tsx').then((m) => ({ default: m.BoardRoute })));
// The workshop views (and their styles) load only where a workshop link is opened.
const WorkshopRoute = lazy(() => import('./views/workshop/WorkshopRoute.tsx').then((m) => ({ default: m.WorkshopRoute })));

/** Navigates within the app without a reload. */
export function navigate(to: string): void {
  history.pushState(null, '', to);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

function useLocation(): { path: string; hash: string } {
  const read = () => ({ path: location.pathname, hash: location.hash });
  const [loc, setLoc] = useState(read);
  useEffect(() => {
    const update = () => setLoc(read());
    window.addEventListener('popstate', update);
    window.addEventListener('hashchange', update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener('hashchange', update);
    };
  }, []);
  return loc;
}

/** The pages: `/`, `/join[/CODE]`, `/b/BOARD#key=KEY`, `/w/WORKSHOP#key=KEY&view=instructor|mentor|projector`. */
export function App() {
  const { path, hash } = useLocation();
  if (path === '/' || path === '') return <StartPage />;
  const join = /^\/join(?:\/([^/]*))?\/?$/.exec(path);
  if (join) return <JoinPage initialCode={decodeURIComponent(join[1] ?? '')} />;
  const board = /^\/b\/([A-Za-z0-9_-]+)\/?$/.exec(path);
  if (board) {
    return (
      <Suspense fallback={<main className="page narrow" aria-busy="true" />}>
        <BoardRoute key={`${board[1]}${hash}`} boardId={board[1] as string} hash={hash} />
      </Suspense>
    );
  }
  const workshop = /^\/w\/([A-Za-z0-9_-]+)\/?$/.exec(path);
  if (workshop) {
    return (
      <Suspense fallback={<main className="page narrow" aria-busy="true" />}>
        <WorkshopRoute key={`${workshop[1]}${hash}`} workshopId={workshop[1] as string} hash={hash} />
      </Suspense>
    );
  }
  return <NotFoundPage />;
}
