import { CLIENT_KINDS, ENDPOINT_TONES } from "./map-style";

/** What the map's colours and marks mean, drawn from the same table the map draws with. */
export function MapLegend() {
  return (
    <div className="map-legend" data-testid="map-legend">
      <span className="muted">Callers:</span>
      {CLIENT_KINDS.map((k) => (
        <span key={k.kind} data-legend-kind={k.kind}>
          <i
            className="legend-line"
            style={{ borderColor: k.colour, borderTopStyle: k.kind === "internal" ? "dashed" : "solid" }}
          />
          {k.label}
        </span>
      ))}
      <span className="muted">Endpoints:</span>
      {ENDPOINT_TONES.map((t) => (
        <span key={t.tone} data-legend-tone={t.tone}>
          <i className="legend-swatch" style={{ background: t.colour }} />
          {t.label}
        </span>
      ))}
      <span>
        <span className="map-mark map-mark-danger">unauth</span> answers 2xx without credentials
      </span>
      <span>
        <span className="map-mark map-mark-accent">email</span> a sensitive data type seen
      </span>
      <span>Line width: calls</span>
    </div>
  );
}
