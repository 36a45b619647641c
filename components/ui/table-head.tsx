import type { ReactNode } from "react";

/** The header row of the dashboard's list tables: one scoped column header per label. */
export function TableHead({ columns }: { columns: ReactNode[] }) {
  return (
    <thead className="border-b border-slate-200 text-xs text-slate-600 uppercase">
      <tr>
        {columns.map((label, i) => (
          <th key={i} scope="col" className={`py-2 font-medium ${i < columns.length - 1 ? "pr-4" : ""}`}>
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
