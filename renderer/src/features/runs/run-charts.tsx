import { useId, useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis, type BarShapeProps, type TooltipContentProps } from 'recharts';
import type { RunStatus } from '../../../../shared/schemas';
import { durationSummary, durationUnit, mostRows, niceTicks, rowsSummary, timeAxisFormat, type RunPoint } from './run-history';
import { count, formatDuration, STATUS_LABEL } from './run-labels';

// SVG fills: the palette of tokens.css, a shade lighter where bars sit side by side.
const ROW_SERIES = [
  { key: 'sent', label: 'Sent', color: '#2da44e' },
  { key: 'rejected', label: 'Rejected', color: '#cf222e' },
  { key: 'unchanged', label: 'Unchanged', color: '#a8b3bf' },
  { key: 'notSent', label: 'Not sent', color: '#d4a72c' },
] as const;

const STATUS_COLOR: Record<RunStatus, string> = {
  succeeded: '#2da44e',
  partially_succeeded: '#d4a72c',
  failed: '#cf222e',
  cancelled: '#8c959f',
  skipped: '#c9d1d9',
  running: '#1f6feb',
  queued: '#79b8ff',
};

const AXIS_TICK = { fontSize: 12, fill: '#5d6b7a' };
const CHART_HEIGHT = 220;

interface Props {
  points: RunPoint[];
  syncName(id: string): string;
  onOpen(id: string): void;
}

/**
 * A bar for one run. A drawn shape (rather than recharts' default) is kept even when its value
 * is 0, so every run has its bar, named by run id and series; clicking it opens the run.
 */
function runBar(series: string, onOpen: (id: string) => void, fill?: (point: RunPoint) => string) {
  function RunBar(props: BarShapeProps) {
    const point = props.payload as RunPoint;
    return (
      <rect
        className={`run-bar${point.running ? ' run-bar-live' : ''}`}
        data-series={series}
        data-run-id={point.id}
        x={props.x}
        y={props.y}
        width={Math.max(0, props.width)}
        height={Math.max(0, props.height)}
        fill={fill ? fill(point) : props.fill}
        onClick={() => onOpen(point.id)}
      />
    );
  }
  return RunBar;
}

function Legend(props: { items: Array<{ label: string; color: string }> }) {
  return (
    <ul className="chart-legend" aria-label="Legend">
      {props.items.map((item) => (
        <li key={item.label}>
          <span className="chart-swatch" style={{ background: item.color }} aria-hidden="true" />
          {item.label}
        </li>
      ))}
    </ul>
  );
}

function useTimeLabel(points: RunPoint[]) {
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(undefined, timeAxisFormat(points));
    const byIndex = points.map((p) => format.format(new Date(p.at)));
    return (index: number) => byIndex[index] ?? '';
  }, [points]);
}

function TooltipBox(props: { point: RunPoint; syncName(id: string): string; children: React.ReactNode }) {
  const { point } = props;
  return (
    <div className="chart-tooltip">
      <p className="strong">
        {props.syncName(point.syncId)}
        {point.dryRun && ' (dry run)'}
      </p>
      <p className="muted">
        {new Date(point.at).toLocaleString()} · {STATUS_LABEL[point.status]}
      </p>
      {props.children}
      <p className="muted small">Click the bar to open the run.</p>
    </div>
  );
}

function ChartFrame(props: { title: string; summary: string; children: React.ReactNode; legend: React.ReactNode }) {
  const summaryId = useId();
  return (
    <figure className="chart card" aria-label={props.title} aria-describedby={summaryId}>
      <figcaption className="chart-title">
        {props.title}
      </figcaption>
      <p id={summaryId} className="visually-hidden">
        {props.summary}
      </p>
      <div className="chart-plot">{props.children}</div>
      {props.legend}
    </figure>
  );
}

/** Rows per run, stacked: sent, rejected, unchanged, not sent (kept for the next run). */
export function RowsChart(props: Props) {
  const { points, syncName, onOpen } = props;
  const timeLabel = useTimeLabel(points);
  const shapes = useMemo(() => Object.fromEntries(ROW_SERIES.map((s) => [s.key, runBar(s.key, onOpen)])), [onOpen]);
  const data = useMemo(() => points.map((p, index) => ({ ...p, index })), [points]);
  const rowTicks = useMemo(() => niceTicks(mostRows(points), { integers: true }), [points]);
  // One rejected row among thousands still shows: a part of a bar that is not zero is at least 2 px.
  // (Recharts hands this the stack's top, not the part's value, so the part is looked up.)
  const minSizes = useMemo(
    () => Object.fromEntries(ROW_SERIES.map((s) => [s.key, (_top: number | null | undefined, index: number) => (points[index]?.[s.key] ? 2 : 0)])),
    [points],
  );
  const tooltip = (t: TooltipContentProps) => {
    const point = t.active ? (t.payload?.[0]?.payload as RunPoint | undefined) : undefined;
    if (!point) return null;
    return (
      <TooltipBox point={point} syncName={syncName}>
        <dl className="chart-tooltip-facts">
          {ROW_SERIES.map((s) => (
            <div key={s.key}>
              <dt>{s.label}</dt>
              <dd>{count.format(point[s.key])}</dd>
            </div>
          ))}
        </dl>
      </TooltipBox>
    );
  };
  return (
    <ChartFrame title="Rows per run" summary={rowsSummary(points)} legend={<Legend items={[...ROW_SERIES]} />}>
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} barCategoryGap="20%">
          <CartesianGrid vertical={false} stroke="#e6ebf0" />
          <XAxis dataKey="index" tickFormatter={timeLabel} tick={AXIS_TICK} minTickGap={16} tickLine={false} axisLine={{ stroke: '#dde3ea' }} />
          <YAxis
            domain={[0, rowTicks[rowTicks.length - 1]!]}
            ticks={rowTicks}
            allowDecimals={false}
            tickFormatter={(n: number) => compact.format(n)}
            tick={AXIS_TICK}
            width={48}
            tickLine={false}
            axisLine={false}
            label={{ value: 'Rows', angle: -90, position: 'insideLeft', offset: 10, style: { fontSize: 12, fill: '#5d6b7a' } }}
          />
          <Tooltip content={tooltip} cursor={{ fill: 'rgb(31 111 235 / 8%)' }} isAnimationActive={false} />
          {ROW_SERIES.map((s) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stackId="rows"
              fill={s.color}
              shape={shapes[s.key]}
              minPointSize={minSizes[s.key]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });

/** How long each run took, coloured by how it ended. */
export function DurationChart(props: Props) {
  const { points, syncName, onOpen } = props;
  const timeLabel = useTimeLabel(points);
  const unit = durationUnit(points);
  const data = useMemo(() => points.map((p, index) => ({ ...p, index, duration: (p.durationMs ?? 0) / unit.divisor })), [points, unit.divisor]);
  const durationTicks = useMemo(() => niceTicks(Math.max(0, ...data.map((p) => p.duration))), [data]);
  const shape = useMemo(() => runBar('duration', onOpen, (p) => STATUS_COLOR[p.status]), [onOpen]);
  // A run that never started (skipped, missed) has no duration, but it is there: a low stub marks it.
  const stub = useMemo(() => (_top: number | null | undefined, index: number) => (points[index]?.durationMs === null ? 3 : 0), [points]);
  const statuses = [...new Set(points.map((p) => p.status))];
  const tooltip = (t: TooltipContentProps) => {
    const point = t.active ? (t.payload?.[0]?.payload as RunPoint | undefined) : undefined;
    if (!point) return null;
    return (
      <TooltipBox point={point} syncName={syncName}>
        <p>
          {point.durationMs === null ? 'Never started.' : `${point.running ? 'Running for' : 'Took'} ${formatDuration(point.durationMs)}.`}
        </p>
      </TooltipBox>
    );
  };
  return (
    <ChartFrame
      title="Duration per run"
      summary={durationSummary(points)}
      legend={<Legend items={statuses.map((s) => ({ label: STATUS_LABEL[s], color: STATUS_COLOR[s] }))} />}
    >
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} barCategoryGap="20%">
          <CartesianGrid vertical={false} stroke="#e6ebf0" />
          <XAxis dataKey="index" tickFormatter={timeLabel} tick={AXIS_TICK} minTickGap={16} tickLine={false} axisLine={{ stroke: '#dde3ea' }} />
          <YAxis
            domain={[0, durationTicks[durationTicks.length - 1]!]}
            ticks={durationTicks}
            tickFormatter={(n: number) => compact.format(n)}
            tick={AXIS_TICK}
            width={48}
            tickLine={false}
            axisLine={false}
            label={{ value: unit.label, angle: -90, position: 'insideLeft', offset: 10, style: { fontSize: 12, fill: '#5d6b7a', textAnchor: 'middle' } }}
          />
          <Tooltip content={tooltip} cursor={{ fill: 'rgb(31 111 235 / 8%)' }} isAnimationActive={false} />
          <Bar dataKey="duration" name="Duration" fill={STATUS_COLOR.succeeded} shape={shape} minPointSize={stub} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

/** Both charts side by side (stacked when narrow). Loaded on first use: recharts is kept out of the app's start-up bundle. */
export function HistoryCharts(props: Props) {
  return (
    <div className="history-charts">
      <RowsChart {...props} />
      <DurationChart {...props} />
    </div>
  );
}
