// test_embedding.cpp: token lookup, E + P, and the worked examples of documents 000 and 004.
#include "embedding.hpp"
#include "helpers.hpp"
#include "learned.hpp"

using namespace posenc;
using posenc::test::require_printed_row;
using posenc::test::rows;

TEST_CASE("the The/cat/sat example of 000 adds E and P to the printed sums", "[embedding][doc000]") {
    // Token table indexed by id: rows 101..103 hold the document's E vectors (d = 4).
    Matrix table = Matrix::Zero(104, 4);
    table.row(101) << 0.2f, 0.7f, 0.5f, 0.1f;
    table.row(102) << 0.4f, 0.1f, 0.8f, 0.5f;
    table.row(103) << 0.6f, 0.3f, 0.2f, 0.9f;
    const Matrix E = embedding_lookup(table, {101, 102, 103});
    const Matrix P = rows({{0.1f, 0.0f, 0.1f, 0.2f}, {0.2f, 0.1f, 0.0f, 0.1f}, {0.3f, 0.1f, 0.1f, 0.0f}});
    const Matrix X = add_embeddings(E, P);
    REQUIRE(X.rows() == 3);
    REQUIRE(X.cols() == 4);  // the sum keeps the width: 4 in, 4 out
    require_printed_row(X, 0, {0.3, 0.7, 0.6, 0.3}, 1);
    require_printed_row(X, 1, {0.6, 0.2, 0.8, 0.6}, 1);
    require_printed_row(X, 2, {0.9, 0.4, 0.3, 0.9}, 1);
}

TEST_CASE("the six-word example of 004 gives the printed sums", "[embedding][doc004]") {
    const Matrix W = rows({{0.1f, 0.2f}, {0.3f, 0.4f}, {0.5f, 0.6f}, {0.7f, 0.8f}, {0.9f, 1.0f}, {1.1f, 1.2f}});
    const Matrix P = rows({{0.0f, 1.0f}, {0.8f, 0.6f}, {0.5f, 0.8f}, {0.2f, 0.9f}, {0.9f, 0.4f}, {0.7f, 0.2f}});
    const Matrix X = add_embeddings(W, P);
    require_printed_row(X, 0, {0.1, 1.2}, 1);
    require_printed_row(X, 1, {1.1, 1.0}, 1);
    require_printed_row(X, 2, {1.0, 1.4}, 1);
    require_printed_row(X, 3, {0.9, 1.7}, 1);
    require_printed_row(X, 4, {1.8, 1.4}, 1);
    require_printed_row(X, 5, {1.8, 1.4}, 1);
}

TEST_CASE("the and mat collide in the 2-d example", "[embedding][doc004]") {
    const Matrix W = rows({{0.9f, 1.0f}, {1.1f, 1.2f}});  // "the" at position 4, "mat" at 5
    const Matrix P = rows({{0.9f, 0.4f}, {0.7f, 0.2f}});
    const Matrix X = add_embeddings(W, P);
    REQUIRE((X.row(0) - X.row(1)).norm() < 1e-6f);       // two words, two positions, one vector
    REQUIRE((W.row(0) - W.row(1)).norm() > 0.2f);         // although the words differ
}

TEST_CASE("an embedding lookup copies whole rows in id order, repeats allowed", "[embedding]") {
    const Matrix table = rows({{1, 2}, {3, 4}, {5, 6}});
    const Matrix out = embedding_lookup(table, {2, 0, 2});
    REQUIRE(out == rows({{5, 6}, {1, 2}, {5, 6}}));
}

TEST_CASE("a lookup refuses ids outside the table, fractional ids and an empty list", "[embedding][errors]") {
    const Matrix table = Matrix::Zero(6, 2);
    REQUIRE_THROWS_WITH(embedding_lookup(table, {0, 7}), "id 7 is outside the table's 6 rows");
    REQUIRE_THROWS_WITH(embedding_lookup(table, {-1}), "id -1 is outside the table's 6 rows");
    REQUIRE_THROWS_WITH(embedding_lookup(table, {1.5}), "id 1.5 is not an integer; ids pick whole rows of the table");
    REQUIRE_THROWS_WITH(embedding_lookup(table, {NAN}), "id NaN is not an integer; ids pick whole rows of the table");
    REQUIRE_THROWS_WITH(embedding_lookup(table, {}), "the list of ids is empty; give at least one id");
}

TEST_CASE("learned positions past the table's end are refused by name", "[learned][errors]") {
    const Matrix table = Matrix::Random(6, 3);
    REQUIRE(learned_positions(table, 6) == table);
    REQUIRE_THROWS_WITH(learned_positions(table, 8), "position id 6 is outside the table's 6 rows");
    REQUIRE_THROWS_WITH(learned_positions_at(table, {7}), "position id 7 is outside the table's 6 rows");
}

TEST_CASE("adding matrices of different shapes is refused with both shapes named", "[embedding][errors]") {
    REQUIRE_THROWS_WITH(add_embeddings(Matrix::Zero(3, 4), Matrix::Zero(2, 4)),
                        "the first matrix is 3×4 but the second is 2×4; element-wise addition needs equal shapes");
}

TEST_CASE("matrix_from checks sizes, value count and finiteness", "[matrix][errors]") {
    REQUIRE(matrix_from(2, 2, {1, 2, 3, 4}, "m") == rows({{1, 2}, {3, 4}}));
    REQUIRE_THROWS_WITH(matrix_from(2, 3, {1, 2, 3, 4, 5}, "q"), "q has 5 values but 2×3 needs 6");
    REQUIRE_THROWS_WITH(matrix_from(0, 3, {}, "q"), "q rows 0 must be a finite positive integer");
    REQUIRE_THROWS_WITH(matrix_from(-2, 3, {}, "q"), "q rows -2 must be a finite positive integer");
    REQUIRE_THROWS_WITH(matrix_from(2.5, 3, {}, "q"), "q rows 2.5 must be a finite positive integer");
    REQUIRE_THROWS_WITH(matrix_from(NAN, 3, {}, "q"), "q rows NaN must be a finite positive integer");
    REQUIRE_THROWS_WITH(matrix_from(1, INFINITY, {}, "q"), "q cols Infinity must be a finite positive integer");
    REQUIRE_THROWS_WITH(matrix_from(1, 2, {1, NAN}, "q"), "q[0][1] is NaN; every value must be finite");
    REQUIRE_THROWS_WITH(matrix_from(1e5, 1e5, {}, "q"),
                        "a 100000×100000 matrix q needs 40000000000 bytes, over the limit of 268435456 bytes (256 MiB)");
}
