extension DemoSpecs {
  /// The demo campaign (written to the demo folder as campaign.yaml): the brief's case, stock
  /// investors against as many random customers, both contacted by SMS.
  package static let campaignYAML = #"""
    # The brief's campaign: a stock-trading app offered by SMS to 1,000 customers tagged
    # stock_investor, against 1,000 random other customers contacted the same way.
    name: stock_app
    product: 股票通 app
    offer: 首月免费 / first month free
    target: tag(stock_investor)
    channel: sms
    budget: 1000
    cost_per_contact: 0.5
    value_per_conversion: 30
    control: random
    control_share: 0.5
    max_targets: 1000
    seed: 2024
    frequency_cap: {contacts: 2, days: 30}

    """#
}
