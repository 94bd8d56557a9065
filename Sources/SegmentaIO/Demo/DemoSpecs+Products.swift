extension DemoSpecs {
  /// The example product catalogue for the demo data (written to the demo folder as products.yaml).
  package static let productsYAML = #"""
    # Example product catalogue for the demo data: who may have each product (eligibility) and whom it
    # suits (target). Recommend with `segmenta recommend --top 3 --out recommendations.csv`.
    products:
      - id: stock_app
        name: {zh: 股票通, en: Stock app}
        tags: [finance, app]
        eligibility: data_mb >= 10
        target: tag(stock_investor)
        priority: 30
      - id: roaming_pack
        name: {zh: 国际漫游包, en: Roaming pack}
        tags: [travel]
        target: tag(business_traveller) or international_roaming_minutes > 0
        priority: 20
      - id: ip_bundle
        name: {zh: IP长途优惠包, en: IP long-distance bundle}
        tags: [voice, price]
        target: at_least(2, long_distance_minutes >= 30, ip_share >= 0.2, tag(price_sensitive))
        priority: 10
      - id: data_booster
        name: {zh: 流量加油包, en: Data booster}
        tags: [data]
        eligibility: not tag(at_risk)
        target: tag(heavy_data) or wap_sessions >= 20
        priority: 10
      - id: family_plan
        name: {zh: 亲情套餐, en: Family plan}
        tags: [voice, family]
        eligibility: tenure_months >= 6
        target: own_network_share >= 0.6 and called_parties <= 10
        priority: 5
      - id: retention_offer
        name: {zh: 挽留礼包, en: Retention offer}
        tags: [retention]
        target: tag(at_risk) and arpu >= 50
        priority: 40

    """#
}
