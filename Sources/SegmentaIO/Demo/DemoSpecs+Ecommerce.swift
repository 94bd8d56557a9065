extension DemoSpecs {
  /// The browsing wide-table spec of `segmenta demo --ecommerce` (written as browsing.yaml, and shipped
  /// as docs/examples/ecommerce/browsing.yaml): each customer's most-viewed category, its share, the
  /// price band of what they view and whether the top category changed since the previous quarter.
  package static let browsingYAML = #"""
    # Browsing features for e-mail lists: the category a customer views most (9 categories), the price
    # band of what they view (3 bands) and whether their focus category changed since the previous
    # period. Build each quarter with
    #   segmenta features build --spec browsing.yaml --events views-2024q1.csv --period 2024Q1 --as-of 2024-04-01
    # In the first period there is nothing to compare with, so focus_shift is missing there.
    events: {customer_id: customer_id, timestamp: timestamp, type: event_type}
    features:
      - name: views
        label: {zh: 浏览次数, en: Page views}
        aggregate: count
        where: {type: view}
      - name: categories_viewed
        label: {zh: 浏览品类数, en: Categories viewed}
        aggregate: distinct
        of: category
        where: {type: view}
      - name: top_category
        label: {zh: 最常浏览品类, en: Most viewed category}
        description: Ties go to the category viewed on the latest day, then to the one listed first.
        aggregate: mode
        of: category
        categories: [apparel, beauty, books, electronics, food, home, jewelry, sports, toys]
        where: {type: view}
      - name: top_category_share
        label: {zh: 最常浏览品类占比, en: Share of views in the top category}
        aggregate: mode_share
        of: category
        categories: [apparel, beauty, books, electronics, food, home, jewelry, sports, toys]
        where: {type: view}
      - name: mean_viewed_price
        label: {zh: 浏览商品均价, en: Mean price viewed}
        aggregate: mean
        of: price
        where: {type: view}
      - name: max_viewed_price
        label: {zh: 浏览商品最高价, en: Highest price viewed}
        aggregate: max
        of: price
        where: {type: view}
      - name: price_band
        label: {zh: 价格档次, en: Price band}
        feature: mean_viewed_price
        bands: [100, 500]
        band_labels: [low, mid, high]
      - name: focus_shift
        label: {zh: 关注品类变化, en: Focus category changed}
        description: 1 when the top category differs from the previous period's, 0 when it is the same.
        changed: top_category
        without_previous: missing
      - name: days_since_view
        label: {zh: 距上次浏览天数, en: Days since last view}
        aggregate: recency
        where: {type: view}
    """#

  /// The e-mail list tags of `segmenta demo --ecommerce` (written as email-tags.yaml, and shipped as
  /// docs/examples/ecommerce/email-tags.yaml): one list per top category and price band, and a VIP list
  /// of customers whose focus just moved.
  package static let emailTagsYAML = #"""
    # E-mail lists from browsing: one list per most-viewed category and price band (9 × 3 = 27 tags named
    # email_list_<category>_<band>), and a VIP list of customers whose top category changed since the
    # previous period and who viewed enough: they are deciding what to buy.
    tags:
      - name: email_list
        category: interest
        label: {zh: 邮件营销名单, en: E-mail list}
        description: The category a customer views most, then the price band of what they view.
        values:
          field: top_category
          values: [apparel, beauty, books, electronics, food, home, jewelry, sports, toys]
          by: {field: price_band, values: [low, mid, high]}
      - name: focus_shift_vip
        category: business
        label: {zh: 关注转移贵宾, en: Focus-shift VIP}
        description: The top category changed since the previous period and at least 10 page views.
        rule: focus_shift = 1 and views >= 10
    """#
}
