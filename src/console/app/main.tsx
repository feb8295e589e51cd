import { createRoot } from 'react-dom/client';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import type { ConsoleConfig } from './api/hooks';
import { App } from './App';

const configElement = document.getElementById('pipegraph-console-config');
const config = JSON.parse(configElement?.textContent ?? '{}') as ConsoleConfig;
createRoot(document.getElementById('console-root')!).render(<App config={config} />);
