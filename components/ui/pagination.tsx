import { ChevronLeft, ChevronRight } from "lucide-react";
import Link from "next/link";
import * as React from "react";

import { buttonVariants } from "@/components/ui/button";
import { cn } from "@/lib/utils";

/**
 * Page links in the shadcn/ui pagination pattern. A link that would lead
 * nowhere renders as disabled text, so keyboard users never land on it.
 */

function Pagination({ className, ...props }: React.ComponentProps<"nav">) {
  return (
    <nav
      data-slot="pagination"
      className={cn("flex items-center justify-between gap-2", className)}
      {...props}
    />
  );
}

function PaginationLink({
  href,
  direction,
  children,
}: {
  href: string | null;
  direction: "previous" | "next";
  children: React.ReactNode;
}) {
  const Icon = direction === "previous" ? ChevronLeft : ChevronRight;
  const content = (
    <>
      {direction === "previous" ? <Icon aria-hidden /> : null}
      {children}
      {direction === "next" ? <Icon aria-hidden /> : null}
    </>
  );
  const className = buttonVariants({ variant: "outline", size: "sm" });
  if (!href) {
    return (
      <span aria-disabled="true" className={cn(className, "opacity-50")}>
        {content}
      </span>
    );
  }
  return (
    <Link
      href={href}
      rel={direction === "next" ? "next" : "prev"}
      className={className}
    >
      {content}
    </Link>
  );
}

export { Pagination, PaginationLink };
