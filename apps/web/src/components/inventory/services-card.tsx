"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Card } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Table } from "@/components/ui/table";
import { formatDateTime } from "@/components/ui/format";
import { downloadJson } from "@/lib/download";
import { errorDetails, useTRPC } from "@/lib/trpc";

type Service = { id: string; host: string; calls: number; endpoints: number; lastSeen: Date };

/** The services (hosts) seen, each with its discovered endpoints downloadable as an OpenAPI 3.1 document. */
export function ServicesCard({ services }: { services: Service[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const exportService = async (s: Service) => {
    setBusy(s.id);
    setError(null);
    try {
      const doc = await queryClient.fetchQuery({
        ...trpc.inventory.exportOpenApi.queryOptions({ serviceId: s.id }),
        staleTime: 0,
      });
      downloadJson(`${s.host.replace(/[^\w.-]+/g, "_")}.openapi.json`, doc);
    } catch (err) {
      setError(errorDetails(err).message ?? "The export failed.");
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card title="Services">
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
      <Table
        rows={services}
        empty="No service yet."
        columns={[
          { header: "Service", cell: (s) => <span className="mono">{s.host}</span> },
          { header: "Endpoints", cell: (s) => s.endpoints.toLocaleString("en") },
          { header: "Calls", cell: (s) => s.calls.toLocaleString("en") },
          { header: "Last seen", cell: (s) => formatDateTime(s.lastSeen) },
          {
            header: "",
            cell: (s) => (
              <Button
                small
                onClick={() => void exportService(s)}
                disabled={busy === s.id}
                aria-label={`Download OpenAPI 3.1 of ${s.host}`}
              >
                {busy === s.id ? "Exporting…" : "Download OpenAPI 3.1"}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
