// The main thread's time spent in the extension's own scripts, task by task, from a
// Chromium trace (CDP Tracing). Why a trace: a page's PerformanceObserver sees long tasks
// and long animation frames, but Chromium leaves content scripts out of the frames' script
// attribution, and wall time on a loaded 2-core machine stretches 3-10x as other
// processes take the CPU. The trace's FunctionCall events name the script (its
// chrome-extension:// URL) and carry the thread's CPU time (tdur) besides wall time (dur),
// so "the extension's share of this task" is measured in CPU time, which a busy machine
// does not stretch.
export async function startTrace(cdp) {
  const events = [];
  const onData = ({ value }) => { for (const e of value) events.push(e); };
  cdp.on('Tracing.dataCollected', onData);
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel'] },
    transferMode: 'ReportEvents',
  });
  return {
    async stop() {
      const complete = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
      await cdp.send('Tracing.end');
      await complete;
      cdp.off('Tracing.dataCollected', onData);
      return events;
    },
  };
}

// [{cpu, wall, taskWall, taskCpu, at, calls, layout, gc}] (ms; calls: "function file:line"
// of each call; layout, gc: the CPU time of style and layout, and of garbage collection,
// inside the extension's calls) for every main-thread task that ran any of the
// extension's functions: the CPU and wall time of the extension's outermost calls in it,
// and the whole task's. `at` is the task's start (trace clock, ms).
export function extensionTasks(events, extId) {
  const prefix = `chrome-extension://${extId}/`;
  const ours = events
    .filter((e) => e.name === 'FunctionCall' && e.ph === 'X' && String(e.args?.data?.url || '').startsWith(prefix))
    .sort((a, b) => a.ts - b.ts);
  if (!ours.length) return [];
  const { pid, tid } = ours[0];
  const tasks = events.filter((e) => e.name === 'RunTask' && e.ph === 'X' && e.pid === pid && e.tid === tid).sort((a, b) => a.ts - b.ts);
  // style and layout the extension's calls forced, and garbage collection inside them
  const inner = events.filter((e) => e.ph === 'X' && e.pid === pid && e.tid === tid && /^(Layout|UpdateLayoutTree|MinorGC|MajorGC)$/.test(e.name)).sort((a, b) => a.ts - b.ts);
  const out = [];
  let k = 0;
  for (const t of tasks) {
    while (k < ours.length && ours[k].ts < t.ts) k++;
    let cpu = 0, wall = 0, end = -Infinity, layout = 0, gc = 0;
    const calls = [];
    for (let j = k; j < ours.length && ours[j].ts < t.ts + t.dur; j++) {
      if (ours[j].ts < end) continue; // nested in a call already counted
      cpu += ours[j].tdur ?? ours[j].dur;
      wall += ours[j].dur;
      end = ours[j].ts + ours[j].dur;
      for (const e of inner) {
        if (e.ts < ours[j].ts || e.ts >= ours[j].ts + ours[j].dur) continue;
        if (/GC/.test(e.name)) gc += e.tdur ?? e.dur; else layout += e.tdur ?? e.dur;
      }
      const d = ours[j].args.data;
      calls.push(`${d.functionName || '(anonymous)'} ${String(d.url).split('/').pop()}:${d.lineNumber}`);
    }
    if (wall) out.push({ cpu: cpu / 1000, wall: wall / 1000, taskWall: t.dur / 1000, taskCpu: (t.tdur ?? t.dur) / 1000, at: t.ts / 1000, calls, layout: layout / 1000, gc: gc / 1000 });
  }
  return out;
}
