/// Customers shared by the tag tests.
enum TagFixtures {
  static let customersCSV = """
    customer_id,gender,age,arpu,city
    A,F,22,40,北京
    B,M,31,120,上海
    C,F,47,,北京
    D,M,58,260,深圳
    E,F,35,99.5,北京

    """
}
