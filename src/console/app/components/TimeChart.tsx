import { useEffect, useRef } from 'react';
import uPlot from 'uplot';

const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#be185d', '#4d7c0f'];

export interface ChartProps {
  /** x (seconds since epoch, or category index for bars), then one column per series. */
  data: [number[], ...Array<Array<number | null>>];
  names: string[];
  /** Bars with these labels on the x axis instead of a time axis. */
  categories?: string[];
  height?: number;
  label: string;
}

/** A uPlot chart; rebuilt when its series change, otherwise fed new data in place. */
export function TimeChart({ data, names, categories, height = 220, label }: ChartProps) {
  const host = useRef<HTMLDivElement | null>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = `${names.join('\u0000')}|${categories ? 'bars' : 'time'}`;

  useEffect(() => {
    const element = host.current;
    if (!element) return undefined;
    const bars = categories !== undefined;
    const options: uPlot.Options = {
      width: Math.max(320, element.clientWidth || 640),
      height,
      // Counts and lag start at zero, so bar heights compare honestly.
      scales: {
        x: bars ? { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] } : { time: true },
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
      },
      axes: [
        bars ? { splits: () => categoryLabels.current.map((_label, index) => index), values: (_u, splits) => splits.map((index) => categoryLabels.current[index] ?? '') } : {},
        { size: 70 },
      ],
      series: [
        {},
        ...names.map((name, index) => ({
          label: name,
          stroke: PALETTE[index % PALETTE.length],
          fill: bars ? `${PALETTE[index % PALETTE.length]}99` : undefined,
          width: bars ? 0 : 2,
          paths: bars ? uPlot.paths.bars!({ size: [0.6, 60] }) : undefined,
          // Few points (a fresh page, one minute of traffic) are drawn as dots so they are visible at all.
          points: { show: !bars && data[0].length < 20 },
        })),
      ],
    };
    plot.current = new uPlot(options, data as uPlot.AlignedData, element);
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
    // Rebuilt only when the series change; data flows in through setData below.
  }, [shape, height]);

  const categoryLabels = useRef<string[]>([]);
  categoryLabels.current = categories ?? [];
  useEffect(() => {
    plot.current?.setData(data as uPlot.AlignedData);
  }, [data]);

  return <div className="chart" ref={host} aria-label={label} data-points={data[0].length} />;
}
