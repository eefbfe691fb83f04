import Link from "next/link";

export default function NotFound() {
  return (
    <main className="auth">
      <div className="card">
        <div className="brand">
          <span className="brand-mark" />
          Lantern
        </div>
        <h1>Not found</h1>
        <p className="muted">This page does not exist, or you do not have access to it.</p>
        <Link href="/">Go to your workspaces</Link>
      </div>
    </main>
  );
}
