// Tests never print the cost summary nor write cost reports unless they ask (costReport props, or this variable set
// again in the environment of a process they start).
process.env.ML_PLATFORM_COST_REPORT = 'off';
