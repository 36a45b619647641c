"use client";

import { useId, type ComponentProps, type ReactNode, type Ref } from "react";

interface CheckboxProps extends Omit<ComponentProps<"input">, "type"> {
  label: ReactNode;
  description?: ReactNode;
  /** "some but not all": announced as mixed by screen readers */
  indeterminate?: boolean;
}

function withIndeterminate(indeterminate: boolean, ref: Ref<HTMLInputElement> | undefined) {
  return (node: HTMLInputElement | null) => {
    if (node) node.indeterminate = indeterminate;
    if (typeof ref === "function") ref(node);
    else if (ref) ref.current = node;
  };
}

/** A checkbox with its label and an optional description read after the label (then any `aria-describedby` given, e.g. an error). */
export function Checkbox({
  label,
  description,
  indeterminate = false,
  ref,
  className = "",
  "aria-describedby": describedBy,
  ...input
}: CheckboxProps) {
  const id = useId();
  return (
    <div className={`flex items-start gap-2 ${className}`}>
      <input
        id={id}
        type="checkbox"
        ref={withIndeterminate(indeterminate, ref)}
        aria-describedby={[description ? `${id}-description` : "", describedBy ?? ""].filter(Boolean).join(" ") || undefined}
        className="mt-0.5 size-4 shrink-0 accent-blue-700"
        {...input}
      />
      <div className="flex min-w-0 flex-col">
        <label htmlFor={id} className="text-sm font-medium text-slate-800">
          {label}
        </label>
        {description && (
          <span id={`${id}-description`} className="text-xs text-slate-600">
            {description}
          </span>
        )}
      </div>
    </div>
  );
}
