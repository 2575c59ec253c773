/// The recurrent unit of a tagger's layers (`NetworkConfig.cell`, `biotag train --cell`).
public enum RecurrentCell: String, Codable, Sendable, CaseIterable {
    /// Long short-term memory: input, forget and output gates and a cell state (`LSTM`).
    case lstm
    /// Gated recurrent unit: reset and update gates, no separate cell (`GRU`); three gate blocks
    /// where the LSTM has four, so each step does a quarter less arithmetic.
    case gru
}
