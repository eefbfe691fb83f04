import Link from "next/link";
import type { ButtonHTMLAttributes, ReactNode } from "react";

type Variant = "default" | "primary" | "danger";
const classes = (variant: Variant, small?: boolean) =>
  ["btn", variant === "primary" && "btn-primary", variant === "danger" && "btn-danger", small && "btn-small"]
    .filter(Boolean)
    .join(" ");

export function Button({
  variant = "default",
  small,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; small?: boolean }) {
  return <button type="button" {...props} className={classes(variant, small)} />;
}

export function ButtonLink({
  href,
  variant = "default",
  children,
}: {
  href: string;
  variant?: Variant;
  children: ReactNode;
}) {
  return (
    <Link href={href} className={classes(variant)}>
      {children}
    </Link>
  );
}
