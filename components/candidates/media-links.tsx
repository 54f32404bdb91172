import { FileText, Film, Headphones } from "lucide-react";

import type { MediaLink } from "@/lib/screening/result";

const ICONS = { audio: Headphones, video: Film, document: FileText };

// Stored results are JSON from other services; only web links are shown,
// so a javascript: or data: URL can never become a clickable link.
function isWebUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

export function MediaLinks({ media }: { media: MediaLink[] }) {
  const links = media.filter((item) => isWebUrl(item.url));
  if (links.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">
        No recordings or files from the interview steps.
      </p>
    );
  }
  return (
    <ul className="space-y-1 text-sm">
      {links.map((item) => {
        const Icon = ICONS[item.kind];
        return (
          <li key={`${item.stepId}-${item.url}`}>
            <a
              href={item.url}
              target="_blank"
              rel="noopener noreferrer"
              className="inline-flex items-center gap-1.5 underline-offset-4 hover:underline"
            >
              <Icon aria-hidden className="size-4" />
              {item.label} ({item.kind}, {item.stepId} step)
            </a>
          </li>
        );
      })}
    </ul>
  );
}
