// The one ECharts copy of the app, tree-shaken: the map and line charts (统计 and 工作台 trends) and the
// components they need.
// The China map (34 provincial-level features, keyed by GB/T 2260 code) comes from echarts@4.9.0
// via scripts/extract-china-map.mjs and is registered here, in this copy.
import * as echarts from 'echarts/core';
import { MapChart, LineChart } from 'echarts/charts';
import { TooltipComponent, VisualMapComponent, GridComponent, LegendComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import chinaGeo from './generated/china.json';

echarts.use([MapChart, LineChart, TooltipComponent, VisualMapComponent, GridComponent, LegendComponent, CanvasRenderer]);
echarts.registerMap('china', chinaGeo);

/** '310000' → '上海' (the map's feature names are short). */
export const PROVINCE_NAME_BY_CODE = Object.fromEntries(
  chinaGeo.features.map((f) => [f.properties.id, f.properties.name]),
);

export { echarts };
