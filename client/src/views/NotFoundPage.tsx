/** Any address the app does not know. */
export function NotFoundPage() {
  return (
    <main className="page narrow">
      <h1>Page not found</h1>
      <p>
        This address does not open anything. <a href="/">Create a board</a> or <a href="/join">join one with a code</a>.
      </p>
    </main>
  );
}
