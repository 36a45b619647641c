import Link from "next/link";

export default function NotFound() {
  return (
    <div className="py-16 text-center">
      <h1 className="text-2xl font-semibold">404</h1>
      <p className="mt-2 text-slate-600">Página não encontrada · Page not found</p>
      <Link href="/" className="mt-4 inline-block text-blue-700 underline">
        NF-e Webhooks
      </Link>
    </div>
  );
}
