import { createRoot } from 'react-dom/client';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import type { ConsolePageConfig } from '../page-config';
import { App } from './App';

const configElement = document.getElementById('pipegraph-console-config');
const config = JSON.parse(configElement?.textContent ?? '{}') as ConsolePageConfig;
createRoot(document.getElementById('console-root')!).render(<App config={config} />);
